import { goTemplateOutput } from './go-template.js';
import { jsonpathAsJson, jsonpathOutput } from './jsonpath.js';

/** The text templates print for an object or a List: jsonpath, jsonpath-as-json or go-template. */
export function templateText(output: string | undefined, template: string, data: unknown): string {
  if (output === 'go-template') return goTemplateOutput(template, data);
  if (output === 'jsonpath-as-json') return jsonpathAsJson(template, data);
  return jsonpathOutput(template, data);
}

export const isTextTemplate = (
  output: string | undefined,
): output is 'jsonpath' | 'jsonpath-as-json' | 'go-template' =>
  output === 'jsonpath' || output === 'jsonpath-as-json' || output === 'go-template';

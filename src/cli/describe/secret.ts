import { SECRETS, type Secret } from '../../api/kinds/index.js';
import {
  LEVEL_0,
  ofObject,
  printAnnotationsMultiline,
  printLabelsMultiline,
  sortedKeys,
  tabbed,
} from './shared.js';

/** kubectl's describeSecret: sizes, never values, but a service account token's (keys sorted; kubectl's follow a map). */
export function describeSecretText(secret: Secret): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const key of sortedKeys(secret.data)) {
      const value = Buffer.from(secret.data?.[key] ?? '', 'base64');
      if (key === 'token' && secret.type === 'kubernetes.io/service-account-token')
        w.write(LEVEL_0, `${key}:\t${value.toString()}\n`);
      else w.write(LEVEL_0, `${key}:\t${value.length} bytes\n`);
    }
  });
}

export const describeSecret = ofObject<Secret>(SECRETS, describeSecretText);

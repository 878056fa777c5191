import { describe, expect, it } from 'vitest';
import { goTemplateOutput } from './go-template.js';

describe("Go's text/template, as kubectl get -o go-template runs it", () => {
  const list = {
    kind: 'List',
    items: [
      { metadata: { name: 'b', labels: { tier: 'web', app: 'x' } }, spec: { replicas: 2, ratio: 0.5 } },
      { metadata: { name: 'a' }, spec: { replicas: 0 } },
    ],
  };

  it('prints fields, maps and lists as Go does, and <no value> where a key is missing', () => {
    expect(goTemplateOutput('{{.kind}} {{.nope}} {{.nope.deeper}}', list)).toBe('List <no value> <no value>');
    expect(goTemplateOutput('{{(index .items 0).metadata.labels}} {{(index .items 0).spec}}', list)).toBe(
      'map[app:x tier:web] map[ratio:0.5 replicas:2]',
    );
  });

  it('ranges over lists and maps (keys in order), with variables, else and trimming', () => {
    expect(goTemplateOutput('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', list)).toBe('b\na\n');
    expect(goTemplateOutput('{{range $i, $o := .items}}{{$i}}={{$o.metadata.name}} {{end}}', list)).toBe(
      '0=b 1=a ',
    );
    expect(
      goTemplateOutput('{{range $k, $v := (index .items 0).metadata.labels}}{{$k}}:{{$v}};{{end}}', list),
    ).toBe('app:x;tier:web;');
    expect(goTemplateOutput('{{range .nope}}x{{else}}none{{end}}', list)).toBe('none');
    expect(goTemplateOutput('{{- range .items -}}\n  {{ .metadata.name }}\n{{ end -}}', list)).toBe('b\na\n');
  });

  it('runs if/else if/with, pipelines and the functions kubectl users call', () => {
    const t =
      '{{range .items}}{{if gt .spec.replicas 1}}many{{else if eq .spec.replicas 0}}none{{else}}one{{end}} {{end}}';
    expect(goTemplateOutput(t, list)).toBe('many none ');
    expect(goTemplateOutput('{{with .items}}{{len .}}{{end}}{{with .nope}}x{{end}}', list)).toBe('2');
    expect(goTemplateOutput('{{index .items 1 "metadata" "name"}} {{.kind | printf "%-6s|"}}', list)).toBe(
      'a List  |',
    );
    expect(goTemplateOutput('{{printf "%03d %q %v %.1f" 7 "s" true 1.25}}', list)).toBe('007 "s" true 1.2');
    expect(goTemplateOutput('{{and 1 0}} {{or 0 "d"}} {{not .nope}} {{print 1 2 "a" 3}}', list)).toBe(
      '0 d true 1 2a3',
    );
    expect(goTemplateOutput('{{"aGVsbG8=" | base64decode}}{{/* a comment */}}', list)).toBe('hello');
    expect(goTemplateOutput('{{$n := .kind}}{{$n}}{{$.kind}}', list)).toBe('ListList');
  });

  it('stops or skips a range at {{break}} and {{continue}}, keeping what the body wrote before', () => {
    const names = '{{range .items}}a{{if eq .metadata.name "b"}}b{{break}}c{{end}}d{{end}}e';
    expect(goTemplateOutput(names, list)).toBe('abe');
    expect(
      goTemplateOutput(
        '{{range .items}}{{if eq .metadata.name "b"}}{{continue}}{{end}}{{.metadata.name}}{{end}}',
        list,
      ),
    ).toBe('a');
    expect(() => goTemplateOutput('{{break}}', list)).toThrow(
      'error parsing template {{break}}, template: output:1: {{break}} outside {{range}}',
    );
    expect(() => goTemplateOutput('{{range .x}}{{else}}{{continue}}{{end}}', list)).toThrow(
      '{{continue}} outside {{range}}',
    );
  });

  it('slices strings and lists, and runs templates it defines', () => {
    expect(goTemplateOutput('{{slice "abcdef" 1 3}} {{slice .items 1 | len}} {{slice .kind 4}}', list)).toBe(
      'bc 1 ',
    );
    expect(() => goTemplateOutput('{{slice "abc" 2 1}}', list)).toThrow(
      'error calling slice: invalid slice index: 2 > 1',
    );
    expect(() => goTemplateOutput('{{slice "abc" 4}}', list)).toThrow(
      'error calling slice: index out of range: 4',
    );
    expect(
      goTemplateOutput(
        '{{define "a"}}[{{.}}|{{$}}]{{end}}{{template "a" .kind}}{{template "a"}}{{block "b" .kind}}B{{.}}{{end}}',
        list,
      ),
    ).toBe('[List|List][<no value>|<no value>]BList');
    expect(() => goTemplateOutput('{{template "x"}}', list)).toThrow('template "x" not defined');
  });

  it('prints a float given to %d as Go does, and refuses numbers Go cannot hold', () => {
    expect(goTemplateOutput('{{printf "%d %d" 2 -1.5}}', list)).toBe('2 %!d(float64=-1.5)');
    expect(() => goTemplateOutput('{{ 1e400 }}', list)).toThrow(
      'error parsing template {{ 1e400 }}, template: output:1: illegal number syntax: "1e400"',
    );
    expect(() => goTemplateOutput('{{ 99999999999999999999 }}', list)).toThrow(
      'template: output:1: integer overflow: "99999999999999999999"',
    );
  });

  it("names where a template failed running as Go's error context does", () => {
    const obj = { kind: 'Deployment', metadata: { labels: { a: 'b' } }, data: { a: 'b' } };
    const cases: [string, string][] = [
      [
        '{{index .nope "zz" 3}}',
        'output:1:2: executing "output" at <index .nope "zz" 3>: error calling index: index of untyped nil',
      ],
      [
        '{{index .data "zz" 3}}',
        'output:1:2: executing "output" at <index .data "zz" 3>: error calling index: index of nil pointer',
      ],
      [
        '{{.kind.foo}}',
        'output:1:7: executing "output" at <.kind.foo>: can\'t evaluate field foo in type interface {}',
      ],
      [
        'a\n  {{ len .nope }}',
        'output:2:5: executing "output" at <len .nope>: error calling len: reflect: call of reflect.Value.Type on zero Value',
      ],
      [
        '{{$x := .kind}}{{$x.foo.bar}}',
        'output:1:19: executing "output" at <$x.foo.bar>: can\'t evaluate field foo in type string',
      ],
      [
        '{{if .kind}}{{printf "%s" (index .metadata.labels "a" | len | lt "x")}}{{end}}',
        'output:1:62: executing "output" at <lt "x">: error calling lt: incompatible types for comparison',
      ],
      [
        '{{lt .kind 1}}',
        'output:1:2: executing "output" at <lt .kind 1>: error calling lt: incompatible types for comparison',
      ],
    ];
    for (const [t, message] of cases)
      expect(() => goTemplateOutput(t, obj), t).toThrow(
        `error executing template ${JSON.stringify(t)}: template: ${message}`,
      );
  });

  it('fails on a template it cannot run, naming the template', () => {
    expect(() => goTemplateOutput('{{.kind', list)).toThrow(
      'error parsing template {{.kind, template: output:1: unclosed action',
    );
    expect(() => goTemplateOutput('a\n{{nofn .x}}', list)).toThrow(
      'error parsing template a\n{{nofn .x}}, template: output:2: function "nofn" not defined',
    );
    expect(() => goTemplateOutput('{{if .kind}}x', list)).toThrow('output:1: unexpected EOF');
    expect(() => goTemplateOutput('{{len .nope}}', list)).toThrow('error executing template "{{len .nope}}"');
  });
});

/**
 * A client's config file as text: parsed with Microsoft's jsonc-parser (the one VS Code uses)
 * and changed by minimal edits, so comments, unknown keys, key order and indentation survive.
 * Bad JSON is an error naming the file, the line and the column; nothing is written then.
 */
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  printParseErrorCode,
  getNodeValue,
  type FormattingOptions,
  type JSONPath,
  type ParseError,
} from 'jsonc-parser';
import { z } from 'zod';

export class ClientConfigError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.file = file;
    this.name = 'ClientConfigError';
  }
}

export type ParseMode = { jsonc: boolean };

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** What an error code means in words ("PropertyNameExpected" → "property name expected"). */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const RootSchema = z.record(z.string(), z.unknown(), { error: 'must hold a JSON object' });

/** The file's value; an empty file counts as `{}`. Strict files refuse comments and trailing commas. */
export function parseConfigText(
  text: string,
  file: string,
  mode: ParseMode,
): Record<string, unknown> {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    allowTrailingComma: mode.jsonc,
    disallowComments: !mode.jsonc,
  });
  const first = errors[0];
  if (first || !tree) {
    const at = first ? position(text, first.offset) : 'the start';
    const what = first ? words(printParseErrorCode(first.error)) : 'no value';
    throw new ClientConfigError(
      file,
      `is not valid JSON${mode.jsonc ? 'C' : ''}: ${what} at ${at}`,
    );
  }
  const parsed = RootSchema.safeParse(getNodeValue(tree));
  if (!parsed.success) throw new ClientConfigError(file, 'must hold a JSON object');
  return parsed.data;
}

/** Indentation and line ends as the file already has them, so our edit looks like the rest. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((match) => match[1]!);
  if (indents.some((indent) => indent.startsWith('\t')))
    return { insertSpaces: false, tabSize: 1, eol };
  const sizes = indents.map((indent) => indent.length).filter((size) => size > 0);
  const tabSize = sizes.length > 0 ? Math.min(...sizes) : 2;
  return { insertSpaces: true, tabSize, eol };
}

type Edit = { offset: number; length: number; content: string };

function indentUnit(format: FormattingOptions): string {
  return format.insertSpaces ? ' '.repeat(format.tabSize ?? 2) : '\t';
}

/** `value` as JSON indented like the file, its first line at the cursor, the rest at `level`. */
function layout(value: unknown, format: FormattingOptions, level: number): string {
  const unit = indentUnit(format);
  return JSON.stringify(value, null, unit).replaceAll('\n', `${format.eol}${unit.repeat(level)}`);
}

/**
 * The edit jsonc-parser computes, laid out by us: its own formatter re-indents the lines
 * around an insertion (a hand-aligned sibling on one line would be spread over several), and
 * a sibling's trailing `// comment` would end up after our entry instead of its own.
 */
function layoutEdit(
  text: string,
  path: JSONPath,
  value: unknown,
  format: FormattingOptions,
): Edit[] {
  const [edit, ...more] = modify(text, path, value, {});
  if (!edit || more.length > 0 || value === undefined) return edits(text, path, value, format);
  const tree = parseTree(text, [], { allowTrailingComma: true });
  let existing = 0;
  while (existing < path.length && tree && findNodeAtLocation(tree, path.slice(0, existing + 1)))
    existing += 1;
  if (existing === path.length) return [{ ...edit, content: layout(value, format, path.length) }];
  const unit = indentUnit(format);
  let nested: unknown = value;
  for (const key of path.slice(existing + 1).reverse()) nested = { [key]: nested };
  const property = `${format.eol}${unit.repeat(existing + 1)}${JSON.stringify(path[existing])}: ${layout(nested, format, existing + 1)}`;
  const afterSibling = edit.content.startsWith(',');
  if (!afterSibling)
    return [{ ...edit, content: `${property}${format.eol}${unit.repeat(existing)}` }];
  const lineEnd = text.slice(edit.offset).search(/\r?\n/);
  const rest = lineEnd === -1 ? '' : text.slice(edit.offset, edit.offset + lineEnd);
  const comment = lineEnd === -1 ? null : /^\s*(,?)\s*(\/\/.*|\/\*.*\*\/\s*)$/.exec(rest);
  if (comment) {
    const end = { offset: edit.offset + lineEnd, length: 0 };
    // A sibling with a trailing comma already: ours gets one too, as the file's style.
    if (comment[1]) return [{ ...end, content: `${property},` }];
    return [
      { offset: edit.offset, length: 0, content: ',' },
      { ...end, content: property },
    ];
  }
  return [{ ...edit, content: `,${property}` }];
}

function edits(text: string, path: JSONPath, value: unknown, format: FormattingOptions): Edit[] {
  return modify(text, path, value, { formattingOptions: format });
}

/** Sets (or with `undefined`, removes) the value at `path`, touching nothing else. */
export function editConfigText(text: string, path: JSONPath, value: unknown): string {
  const base = text.trim() === '' ? '{}\n' : text;
  return applyEdits(base, layoutEdit(base, path, value, detectFormatting(base)));
}

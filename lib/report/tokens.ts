/**
 * A table's text as a stream of label text and numbers. Whitespace inside labels is dropped (spaced and
 * wrapped labels join up); whitespace between numbers separates them. A number may still hold several
 * printed cells whose separators were lost (`6000006`); the table parsers split those.
 */
export type Token = { kind: "text"; text: string } | { kind: "num"; text: string };

// 1,234 is one number; a digit right before "." or "、" and a non-digit is an item number (1.属于国家秘密).
const PIECE = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)|([^\d]+)/g;
const ITEM_MARK = /^[.、](?!\d)/;

function splitChunk(chunk: string, out: Token[]): void {
  let carry = "";
  for (const match of chunk.matchAll(PIECE)) {
    const [, digits, rest] = match;
    if (rest !== undefined) {
      pushText(out, carry + rest);
      carry = "";
      continue;
    }
    const number = (digits as string).replace(/,/g, "");
    const after = chunk.slice((match.index ?? 0) + match[0].length);
    if (!number.includes(".") && ITEM_MARK.test(after)) {
      if (number.length > 1) out.push({ kind: "num", text: number.slice(0, -1) });
      carry = number.slice(-1);
      continue;
    }
    out.push({ kind: "num", text: number });
  }
  if (carry) pushText(out, carry);
}

function pushText(out: Token[], text: string): void {
  const last = out[out.length - 1];
  if (last?.kind === "text") last.text += text;
  else out.push({ kind: "text", text });
}

// An item number spaced apart from its dot (2 . 其 他 …) is joined up first.
const SPACED_ITEM = /(\d)\s+([.、])(?=\s*[^\d\s])/g;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const chunk of text.replace(SPACED_ITEM, "$1$2").split(/\s+/)) {
    if (chunk) splitChunk(chunk, tokens);
  }
  return tokens;
}

/** A label followed by the run of numbers printed after it. */
export type Group = { label: string; numbers: string[] };

export function groupTokens(tokens: Token[]): Group[] {
  const groups: Group[] = [];
  let label = "";
  let current: Group | null = null;
  for (const token of tokens) {
    if (token.kind === "text") {
      if (current) {
        groups.push(current);
        current = null;
        label = "";
      }
      label += token.text;
    } else {
      current ??= { label, numbers: [] };
      current.numbers.push(token.text);
    }
  }
  if (current) groups.push(current);
  return groups;
}

import { Fragment } from "react";
import { MARK_END, MARK_START } from "@/lib/store/types";

/** A search snippet with its matches marked; the text stays text (React escapes it). */
export function Snippet({ text }: { text: string }) {
  return (
    <>
      {text.split(MARK_START).map((piece, i) => {
        const [match, rest] = i === 0 ? [null, piece] : piece.split(MARK_END);
        return (
          <Fragment key={i}>
            {match !== null && match !== undefined && <mark>{match}</mark>}
            {rest}
          </Fragment>
        );
      })}
    </>
  );
}

/** Every occurrence of the words in `text` marked (the report page opened from a search hit, `?q=`). */
export function Highlighted({ text, words }: { text: string; words: string[] }) {
  const wanted = words.filter(Boolean);
  if (wanted.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${wanted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gu");
  return <>{text.split(pattern).map((piece, i) => (i % 2 === 1 ? <mark key={i}>{piece}</mark> : <Fragment key={i}>{piece}</Fragment>))}</>;
}

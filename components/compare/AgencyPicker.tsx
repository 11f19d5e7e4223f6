"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

/** An agency as the builder lists it: its name and its region. */
export type PickedAgency = { id: number; name: string; region: string };

type Props = {
  chosen: PickedAgency[];
  /** The text of a search sent without JavaScript (the page lists its matches). */
  q: string;
  max: number;
};

const DEBOUNCE_MS = 150;

/**
 * The builder's agencies: a type-ahead (ARIA 1.2 combobox over `/api/suggest`, one bounded query a pause in typing)
 * and the chosen agencies as ticked boxes of the form, so the form sends them with the measures and years. ↓/↑ move
 * through the matches, Enter adds one and keeps the focus in the box for the next, Esc closes the list. Without
 * JavaScript the box is a plain text field named `q`: the page then lists the matches as links.
 */
export function AgencyPicker({ chosen: initial, q, max }: Props) {
  const [chosen, setChosen] = useState(initial);
  const [text, setText] = useState(q);
  const [options, setOptions] = useState<PickedAgency[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState("");
  // A text sent without the type-ahead (its matches listed by the page) opens no list until the user types again.
  const [typed, setTyped] = useState(false);
  const id = useId();
  const listId = `${id}-list`;
  const abort = useRef<AbortController | null>(null);
  // Named `q` without JavaScript (the page lists the matches); with it, only while text is typed, so the URL has no `q=`.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  useEffect(() => {
    const term = text.trim();
    if (!term || !typed) {
      setOptions([]);
      setOpen(false);
      return;
    }
    const timer = setTimeout(async () => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      try {
        const response = await fetch(`/api/suggest?q=${encodeURIComponent(term)}`, { signal: controller.signal });
        if (!response.ok) return;
        const body = (await response.json()) as { rows: PickedAgency[]; total: number };
        const taken = new Set(chosen.map((a) => a.id));
        const rows = body.rows.filter((row) => !taken.has(row.id));
        setOptions(rows);
        setActive(rows.length ? 0 : -1);
        setOpen(true);
        setStatus(
          rows.length
            ? `${rows.length} 个匹配的机关${body.total > body.rows.length ? `（共 ${body.total} 个，请多输入几个字）` : ""}，上下键选择，回车加入`
            : `没有名称包含“${term}”的机关`,
        );
      } catch {
        // aborted by the next keystroke
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, chosen, typed]);

  const add = (agency: PickedAgency) => {
    if (chosen.length >= max) {
      setStatus(`最多比较 ${max} 个机关`);
      return;
    }
    setChosen((list) => (list.some((a) => a.id === agency.id) ? list : [...list, agency]));
    setText("");
    setOpen(false);
    setStatus(`已加入 ${agency.name}，共 ${chosen.length + 1} 个机关`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === "Enter" && open && options[active]) {
      event.preventDefault();
      add(options[active]);
    } else if (event.key === "Escape") {
      setOpen(false);
    }
  };

  const expanded = open && options.length > 0;
  return (
    <div className="agency-picker">
      <label htmlFor={`${id}-input`}>添加机关</label>
      <div className="combobox">
        <input
          id={`${id}-input`}
          name={!hydrated || text ? "q" : undefined}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
          autoComplete="off"
          placeholder="输入机关名称的一部分…"
          value={text}
          onChange={(event) => {
            setTyped(true);
            setText(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        <div id={listId} role="listbox" aria-label="匹配的机关" hidden={!expanded}>
          {options.map((option, i) => (
            <div
              key={option.id}
              id={`${id}-option-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => add(option)}
              onKeyDown={(event) => event.key === "Enter" && add(option)}
            >
              {option.name} <span className="muted">{option.region}</span>
            </div>
          ))}
        </div>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {status}
      </p>
      {chosen.length > 0 ? (
        <ul className="chips" aria-label="已选机关">
          {chosen.map((agency) => (
            <li key={agency.id}>
              <label>
                <input type="checkbox" name="agency" value={agency.id} defaultChecked /> {agency.name} <span className="muted">{agency.region}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚未选择机关：不选即比较所选地区（或全国）的全部机关。</p>
      )}
    </div>
  );
}

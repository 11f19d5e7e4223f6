/**
 * robots.txt as RFC 9309 reads it: the group of the most specific user-agent token that names us (else `*`), its
 * Allow and Disallow rules matched by the longest path pattern (`*` any run of characters, `$` the end; Allow wins
 * a tie), and the non-standard Crawl-delay most Chinese government sites still print (seconds, decimals allowed).
 * A file that is missing (4xx) allows everything; one that cannot be fetched (5xx, a network error) allows
 * nothing, as RFC 9309 says (the caller decides that: `Robots.disallowAll`).
 */

type Rule = { allow: boolean; pattern: string; regex: RegExp };
type Group = { agents: string[]; rules: Rule[]; crawlDelay: number | null };

export class Robots {
  private constructor(
    private readonly rules: Rule[],
    /** Seconds between requests the site asks for, or null. */
    readonly crawlDelay: number | null,
    readonly reason: string | null = null,
  ) {}

  static allowAll(): Robots {
    return new Robots([], null);
  }

  /** Every path disallowed, with why (robots.txt could not be read). */
  static disallowAll(reason: string): Robots {
    return new Robots([{ allow: false, pattern: "/", regex: /^\// }], null, reason);
  }

  /** The rules of `text` for the user-agent product token `agent` (matched case-insensitively). */
  static parse(text: string, agent: string): Robots {
    const groups = parseGroups(text);
    const token = agent.toLowerCase();
    // The most specific: a group naming a token our product token starts with, the longest such, else `*`.
    let best: Group[] = [];
    let bestLength = -1;
    for (const group of groups)
      for (const name of group.agents) {
        const length = name === "*" ? 0 : token.startsWith(name) ? name.length : -1;
        if (length > bestLength) {
          best = [group];
          bestLength = length;
        } else if (length === bestLength && length >= 0 && !best.includes(group)) best.push(group);
      }
    const rules = best.flatMap((g) => g.rules);
    const delays = best.map((g) => g.crawlDelay).filter((d): d is number => d !== null);
    return new Robots(rules, delays.length ? Math.max(...delays) : null);
  }

  /** Whether the path (with its query) of `url` may be fetched. /robots.txt itself always may. */
  allows(url: URL): boolean {
    const path = `${url.pathname}${url.search}`;
    if (url.pathname === "/robots.txt") return true;
    let match: Rule | null = null;
    for (const rule of this.rules) {
      if (!rule.regex.test(path)) continue;
      if (!match || rule.pattern.length > match.pattern.length || (rule.pattern.length === match.pattern.length && rule.allow)) match = rule;
    }
    return match?.allow ?? true;
  }
}

function parseGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelay: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (key === "allow" || key === "disallow") {
      // An empty Disallow allows everything: no rule.
      if (value === "") continue;
      current.rules.push({ allow: key === "allow", pattern: value, regex: patternRegex(value) });
    } else if (key === "crawl-delay") {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelay = seconds;
    }
  }
  return groups;
}

/** A path pattern as a regular expression: `*` any characters, a final `$` the end, the rest literal. */
function patternRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith("$");
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split("*")
    .map((part) => encodePath(part).replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}${anchored ? "$" : ""}`);
}

/** Non-ASCII characters of a pattern percent-encoded as a URL's path is, so both compare alike. */
function encodePath(part: string): string {
  return part.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}

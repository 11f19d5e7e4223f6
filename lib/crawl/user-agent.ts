/**
 * How the crawler names itself to the sites it reads: the project, what it does, and where a site's webmaster can
 * read about it or reach whoever runs it (`--contact`, ASCII only: an HTTP header). Sites that want it to stop can
 * match the product token in robots.txt (`User-agent: Nianbao`).
 */
export const ROBOTS_AGENT = "Nianbao";

const ABOUT = "reads government information disclosure annual reports; obeys robots.txt and Crawl-delay";

/** A contact fit for the header: printable ASCII, no parentheses or semicolons (they delimit the comment). */
export function badContact(contact: string): string | null {
  return /^[\x21-\x7e]+$/.test(contact) && !/[();]/.test(contact)
    ? null
    : `--contact must be an address in printable ASCII without spaces, ( ) or ;, not ${contact}`;
}

export function userAgent(contact: string | null): string {
  return `${ROBOTS_AGENT}/0.1 (${contact ? `+${contact}; ` : ""}${ABOUT})`;
}

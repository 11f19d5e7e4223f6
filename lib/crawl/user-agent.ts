/**
 * How the crawler names itself to the sites it reads: the project, what it does, and where its code is (ASCII only:
 * an HTTP header). Sites that want it to stop can match the product token in robots.txt (`User-agent: Nianbao`).
 */
export const ROBOTS_AGENT = "Nianbao";

/** The project's repository (package.json names no public address yet). */
export const REPOSITORY = "nianbao git repository";

export const USER_AGENT = `${ROBOTS_AGENT}/0.1 (+${REPOSITORY}; reads government information disclosure annual reports; obeys robots.txt and Crawl-delay)`;

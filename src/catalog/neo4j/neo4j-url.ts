/** A graph URL as users write it (neo4j+s://user:pass@host:7687/database), taken apart for the driver. */
export interface ParsedNeo4jUrl {
  /** scheme://host:port, with no login and no database: safe to show in messages. */
  url: string;
  user?: string;
  password?: string;
  database?: string;
}

export function parseNeo4jUrl(text: string): ParsedNeo4jUrl {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new Error(`invalid graph URL ${redact(text)}: expected neo4j://host:7687 or bolt://user:password@host:7687/database`);
  }
  if (!/^(neo4j|bolt)(\+s|\+ssc)?:$/.test(parsed.protocol)) {
    throw new Error(`invalid graph URL ${redact(text)}: the scheme must be neo4j, neo4j+s, neo4j+ssc, bolt, bolt+s or bolt+ssc`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  return {
    url: `${parsed.protocol}//${parsed.host}`,
    user: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    database: database === '' ? undefined : database,
  };
}

/** The URL with any password masked, for error messages. */
function redact(text: string): string {
  return text.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Remembers these environment variables as they are now; the function returned puts them back, unsetting those that
 * were unset (assigning `undefined` to process.env would store the string "undefined").
 */
export function envRestorer(...names: string[]): () => void {
  const saved = names.map((name) => [name, process.env[name]] as const);
  return () => {
    for (const [name, value] of saved)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  };
}

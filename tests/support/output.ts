/** What a CLI printed, collected by a pair of writers to hand it as its io's stdout and stderr. */
export function capturedOutput() {
  const out = { stdout: "", stderr: "" };
  const writers = {
    stdout: (text: string) => {
      out.stdout += text;
    },
    stderr: (text: string) => {
      out.stderr += text;
    },
  };
  return { out, writers };
}

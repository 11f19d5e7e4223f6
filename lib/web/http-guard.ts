import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { notAllowedAnswer } from "./security";

/**
 * Methods the Fetch API will not build a Request for. Next.js builds one for every request before the proxy or a
 * route runs, so these failed there with a 500 and a logged stack; they are answered 405 before Next.js sees them.
 */
const FETCH_FORBIDDEN = new Set(["TRACE", "TRACK", "CONNECT"]);

type Emitter = { emit: (event: string | symbol, ...args: unknown[]) => boolean };
const GUARDED = Symbol.for("nianbao.http-guard");

function refuse(request: IncomingMessage, response: ServerResponse): void {
  const { headers, body } = notAllowedAnswer();
  request.resume();
  response.writeHead(405, headers);
  response.end(body);
}

/** Makes `server` (an http.Server, or its prototype for every server of the process) answer those methods 405. */
export function refuseFetchForbiddenMethods(server: Server): void {
  const target = server as unknown as Emitter & { [GUARDED]?: true };
  if (target[GUARDED]) return;
  const emit = target.emit;
  target.emit = function (this: unknown, event, ...args) {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      if (FETCH_FORBIDDEN.has(request.method ?? "")) {
        refuse(request, response);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
  target[GUARDED] = true;
}

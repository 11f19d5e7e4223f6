import { Server } from "node:http";
import { refuseFetchForbiddenMethods } from "./lib/web/http-guard";

/** The Node.js server's part of instrumentation.ts: every HTTP server of the process refuses the methods Fetch cannot carry. */
refuseFetchForbiddenMethods(Server.prototype);

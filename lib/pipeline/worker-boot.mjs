// A reader process is started with plain node (no tsx loader flags): register tsx, then load the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./worker-entry.ts");

// The shape every part of the Shopify double exposes, so one http server can compose them.
import type { IncomingMessage, ServerResponse } from "node:http";

/** Handles the request and resolves true, or leaves it untouched and resolves false. */
export type DoubleListener = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

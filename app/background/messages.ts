// What the web thread and the background thread say to each other.
/** Web → background. kick: work is waiting; stop: finish running jobs and exit. */
export type HostMessage = { type: "kick" } | { type: "stop" };
/** Background → web. ready: processing; stopped: everything closed, about to exit. */
export type BackgroundMessage = { type: "ready" } | { type: "stopped" };

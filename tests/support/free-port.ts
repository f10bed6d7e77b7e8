// A free local TCP port for a server a test starts later (the app process, which learns its port
// from PORT). Chosen below Linux's ephemeral range (32768–60999 by default): a port the OS hands
// out to a `listen(0)` elsewhere (the double, the mailbox, another test file) can then never land
// on it between this check and the app's own bind.
import net from "node:net";

const LOW = 20_000;
const HIGH = 32_000;

function tryListen(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await tryListen(port)) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`);
}

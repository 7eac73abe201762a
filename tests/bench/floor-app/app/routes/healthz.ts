// The bench waits for a server to be idle by timing /healthz between runs; the floor answers it
// the way the portal's /healthz does when all is well, without a database.
export const loader = () => new Response("ok", { headers: { "Content-Type": "text/plain" } });

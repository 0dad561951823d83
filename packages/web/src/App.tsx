import { ApiPath } from "@teamchat/protocol";
import { useEffect, useState } from "react";

/** Placeholder until the web-app issue lands: proves the one-port set-up and the API link. */
export function App() {
  const [status, setStatus] = useState("checking the server…");
  useEffect(() => {
    fetch(ApiPath.health)
      .then((r) => r.json() as Promise<{ status: string }>)
      .then((body) => setStatus(`server: ${body.status}`))
      .catch(() => setStatus("server unreachable"));
  }, []);
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Team chat</h1>
      <p>The server and its API are running. The chat interface is being built.</p>
      <p aria-live="polite">{status}</p>
    </main>
  );
}

import { ChatLayout, ChatProvider, UnreadBadge } from "@teamchat/web/embed";
import "@teamchat/web/embed.css";
import { type FormEvent, StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { Provider, useDispatch, useSelector } from "react-redux";
import { BrowserRouter, Link, Navigate, Route, Routes, useNavigate, useSearchParams } from "react-router";
import "./host.css";
import { dayRequested, type HostState, hostStore, signedIn, signedOut } from "./store.js";

const TOKEN_KEY = "acme-hr-token";
(window as unknown as { hostStore: typeof hostStore }).hostStore = hostStore; // for the example's browser test

function LoginPage() {
  const dispatch = useDispatch();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const res = await fetch("/host-api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
    });
    if (!res.ok) return setError("Wrong username or password");
    const session = (await res.json()) as { token: string; user: HostState["auth"]["user"] & object };
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
    dispatch(signedIn(session));
    navigate("/");
  };
  return (
    <div className="page">
      <h1>Acme HR sign-in</h1>
      <form onSubmit={submit}>
        <label>
          Username <input name="username" autoComplete="username" />
        </label>{" "}
        <label>
          Password <input name="password" type="password" autoComplete="current-password" />
        </label>{" "}
        <button type="submit">Sign in</button>
        {error && <p role="alert">{error}</p>}
      </form>
    </div>
  );
}

function Navbar({ unread, notice }: { unread: number; notice: string | null }) {
  const user = useSelector((s: HostState) => s.auth.user);
  const dispatch = useDispatch();
  return (
    <nav className="navbar" aria-label="Acme HR">
      <strong>Acme HR</strong>
      <Link to="/">Dashboard</Link>
      <Link to="/chat">
        Chat <UnreadBadge />
      </Link>
      <span data-testid="host-unread" title="Unread chat messages (the host's own copy)" hidden>
        {unread}
      </span>
      {notice && (
        <span role="note" data-testid="host-chat-notice">
          {notice}
        </span>
      )}
      <span style={{ marginLeft: "auto" }} data-testid="host-user">
        {user?.name} ({user?.department})
      </span>
      <button
        type="button"
        onClick={() => {
          sessionStorage.removeItem(TOKEN_KEY);
          dispatch(signedOut());
        }}
      >
        Sign out
      </button>
    </nav>
  );
}

function Dashboard() {
  const days = useSelector((s: HostState) => s.leave.daysRequested);
  const me = useSelector((s: HostState) => s.auth.user);
  const dispatch = useDispatch();
  return (
    <div className="page">
      <h1>Dashboard</h1>
      <p>
        Leave days requested: <span data-testid="leave-days">{days}</span>{" "}
        <button type="button" className="host-button" onClick={() => dispatch(dayRequested())}>
          Request a day
        </button>
      </p>
      <ul aria-label="Colleagues">
        {COLLEAGUES.filter((c) => c.id !== me?.id).map((c) => (
          <li key={c.id}>
            <Link to={`/chat?with=${c.id}`}>Message {c.name}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The host's own directory (its ids are the `sub` of its JWTs, which the chat knows as external ids). */
const COLLEAGUES = [
  { id: "emp-1001", name: "Alice Adams" },
  { id: "emp-1002", name: "Bob Brown" },
  { id: "emp-1003", name: "Carol Chen" },
];

function ChatPage() {
  // A deep link from the host's own pages: /chat?with=emp-1002 opens the direct chat with Bob.
  const [params] = useSearchParams();
  const withExternalId = params.get("with");
  return (
    <div className="page">
      <h1>Team chat</h1>
      <p className="host-probe">Messages with your colleagues.</p>
      <div className="chat-frame" data-testid="chat-frame">
        <ChatLayout initialChat={withExternalId ? { withExternalId } : undefined} />
      </div>
    </div>
  );
}

function Shell() {
  const auth = useSelector((s: HostState) => s.auth);
  const [chatServerUrl, setChatServerUrl] = useState<string | null>(null);
  // The host's own reactions to the chat: a notice of its own, and the unread total (e.g. for a
  // title or a native badge; here just shown).
  const [chatNotice, setChatNotice] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    fetch("/host-api/config")
      .then((r) => r.json() as Promise<{ chatServerUrl: string }>)
      .then((c) => setChatServerUrl(c.chatServerUrl));
    // For the example's browser test: a host moving its chat to another server address.
    (window as unknown as { setChatServerUrl: typeof setChatServerUrl }).setChatServerUrl = setChatServerUrl;
  }, []);
  if (!chatServerUrl) return null;
  // One ChatProvider for the whole app: the badge and the chat page share its connection, and a
  // host sign-out (token null) signs the chat out too.
  return (
    <ChatProvider
      serverUrl={chatServerUrl}
      token={auth.token}
      onError={(code) => setChatNotice(`Chat unavailable: ${code}`)}
      onSessionEnd={(reason) => setChatNotice(`Chat session ended: ${reason}`)}
      onUnreadChange={setUnread}
    >
      {auth.token ? (
        <>
          <Navbar unread={unread} notice={chatNotice} />
          <Routes>
            <Route path="/" element={<Dashboard />} />
            <Route path="/chat" element={<ChatPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </>
      ) : (
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="*" element={<Navigate to="/login" replace />} />
        </Routes>
      )}
    </ChatProvider>
  );
}

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) hostStore.dispatch(signedIn(JSON.parse(saved)));

const root = document.getElementById("host-root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Provider store={hostStore}>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </Provider>
    </StrictMode>,
  );
}

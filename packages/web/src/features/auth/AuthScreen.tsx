import { ChatError } from "@teamchat/sdk";
import { type FormEvent, useState } from "react";
import { useAppDispatch } from "../../app/hooks.js";
import { login, register } from "../session/thunks.js";

/** Sign in or create an account. Errors are shown next to the form, in words a person understands. */
export function AuthScreen() {
  const dispatch = useAppDispatch();
  const [mode, setMode] = useState<"login" | "register">("login");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "login") await dispatch(login({ username: username.trim().toLowerCase(), password }));
      else await dispatch(register({ username: username.trim().toLowerCase(), password, displayName }));
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  const input =
    "w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-600 dark:bg-zinc-800";
  return (
    <main className="flex min-h-full items-center justify-center bg-chat-bg p-4 dark:bg-chat-bg-dark">
      <form
        onSubmit={submit}
        className="w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 shadow-lg dark:bg-panel-dark"
        aria-labelledby="auth-title"
      >
        <h1 id="auth-title" className="font-semibold text-2xl">
          {mode === "login" ? "Sign in to Team chat" : "Create your account"}
        </h1>
        <label className="block space-y-1">
          <span className="text-sm">Username</span>
          <input
            className={input}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        {mode === "register" && (
          <label className="block space-y-1">
            <span className="text-sm">Your name</span>
            <input
              className={input}
              name="displayName"
              autoComplete="name"
              required
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </label>
        )}
        <label className="block space-y-1">
          <span className="text-sm">Password</span>
          <input
            className={input}
            name="password"
            type="password"
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            required
            minLength={mode === "register" ? 8 : 1}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="rounded bg-red-50 p-2 text-red-700 text-sm dark:bg-red-950 dark:text-red-200">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          className="w-full rounded-lg bg-brand-dark py-2 font-medium text-white hover:bg-brand disabled:opacity-60"
        >
          {mode === "login" ? "Sign in" : "Create account"}
        </button>
        <button
          type="button"
          className="w-full text-brand-dark text-sm underline dark:text-brand"
          onClick={() => {
            setMode(mode === "login" ? "register" : "login");
            setError(null);
          }}
        >
          {mode === "login" ? "New here? Create an account" : "Have an account? Sign in"}
        </button>
      </form>
    </main>
  );
}

function describe(err: unknown): string {
  if (!(err instanceof ChatError)) return "Something went wrong. Try again.";
  switch (err.code) {
    case "INVALID_CREDENTIALS":
      return "Wrong username or password.";
    case "USERNAME_TAKEN":
      return "That username is taken. Pick another one.";
    case "RATE_LIMITED":
      return "Too many attempts. Wait a minute and try again.";
    case "VALIDATION_FAILED":
      return err.details?.length
        ? err.details.map((d) => `${d.path.replace(/^body\./, "")}: ${d.message}`).join("; ")
        : err.message;
    case "UNAVAILABLE":
      return "The server cannot be reached. Check your connection.";
    default:
      return err.message;
  }
}

import path from "node:path";
import express from "express";
import { SignJWT } from "jose";

/**
 * The host app's own back end, as a company's HR/office system would have it: its own users and
 * login, issuing its own JWTs (HS256 here; a JWKS works the same way). The chat trusts these
 * tokens through SSO_JWT_SECRET / SSO_ISSUER / SSO_AUDIENCE.
 */
export type HostEmployee = {
  id: string;
  username: string;
  password: string;
  name: string;
  email: string;
  department: string;
};

export const EMPLOYEES: HostEmployee[] = [
  {
    id: "emp-1001",
    username: "alice",
    password: "alice-password",
    name: "Alice Adams",
    email: "alice@acme.test",
    department: "Sales",
  },
  {
    id: "emp-1002",
    username: "bob",
    password: "bob-password",
    name: "Bob Brown",
    email: "bob@acme.test",
    department: "Sales",
  },
  {
    id: "emp-1003",
    username: "carol",
    password: "carol-password",
    name: "Carol Chen",
    email: "carol@acme.test",
    department: "HR",
  },
];

export const HOST_ISSUER = "https://hr.acme.test";
export const CHAT_AUDIENCE = "teamchat";

export type HostApiOptions = { jwtSecret: string; chatServerUrl: string; staticDir: string };

export function hostApi({ jwtSecret, chatServerUrl, staticDir }: HostApiOptions) {
  const key = new TextEncoder().encode(jwtSecret);
  const app = express();
  app.use(express.json({ limit: "10kb" }));

  app.post("/host-api/login", async (req, res) => {
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const employee = EMPLOYEES.find((e) => e.username === username && e.password === password);
    if (!employee) {
      res.status(401).json({ error: "Wrong username or password" });
      return;
    }
    const token = await new SignJWT({ name: employee.name, email: employee.email, department: employee.department })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(employee.id)
      .setIssuer(HOST_ISSUER)
      .setAudience(CHAT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(key);
    res.json({ token, user: { id: employee.id, name: employee.name, department: employee.department } });
  });

  // Where the browser finds the chat server (another origin: CORS via the chat's ALLOWED_ORIGINS).
  app.get("/host-api/config", (_req, res) => {
    res.json({ chatServerUrl });
  });

  app.use(express.static(staticDir));
  // The host's client-side router owns every other path.
  app.get(/^\/(?!host-api\/).*/, (_req, res) => {
    res.sendFile(path.join(staticDir, "index.html"));
  });
  return app;
}

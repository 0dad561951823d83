import { ChatClient } from "@teamchat/sdk";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Provider } from "react-redux";
import { App } from "./app/App.js";
import { createStore } from "./app/store.js";
import { connectBridge } from "./sdk-bridge/bridge.js";
import "./styles/index.css";

const client = new ChatClient({ serverUrl: window.location.origin });
const store = createStore(client);
connectBridge(client, store);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Provider store={store}>
        <App />
      </Provider>
    </StrictMode>,
  );
}

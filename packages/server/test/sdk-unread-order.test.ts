import type { Message } from "@teamchat/protocol";
import { ChatClient, MemoryCacheStore, memoryCookieJar, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();

/** A cache whose message reads and writes take a random few milliseconds (as IndexedDB can). */
class SlowCache extends MemoryCacheStore {
  private pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
  override async putMessages(messages: Message[]) {
    await this.pause();
    return super.putMessages(messages);
  }
  override async getMessages(chatId: string, page: { beforeSeq?: number; afterSeq?: number; limit: number }) {
    await this.pause();
    return super.getMessages(chatId, page);
  }
}

describe("SDK: a burst of messages on a slow cache", () => {
  it("counts every one as unread (none looks already seen because a later one was stored first)", async () => {
    const [ray, sue] = [await server.user("burst-ray"), await server.user("burst-sue")];
    const client = new ChatClient({
      serverUrl: server.baseUrl,
      cookieJar: memoryCookieJar(),
      openCache: () => new SlowCache(),
    });
    await client.login({ username: sue.username, password: "correct horse battery" });
    await expect.poll(() => client.connection, { timeout: 10_000 }).toBe("live");
    try {
      // The chat reaches Sue's list with its first message (issue 16 item 7): with the burst.
      const { chat } = await ray.api.createDirectChat(sue.id);
      const socket = await ray.connect();
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `m${i + 1}` }),
        ),
      );
      await expect.poll(async () => (await client.cachedChats())[0]?.lastSeq, { timeout: 10_000 }).toBe(40);
      expect((await client.cachedChats())[0]).toMatchObject({ unreadCount: 40, lastSeq: 40 });
      expect((await client.cachedChats())[0]?.lastMessage?.body).toBe("m40");
      socket.disconnect();
    } finally {
      client.stop();
    }
  });
});

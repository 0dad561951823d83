/**
 * Socket.IO room names: the only place they are built. Every socket joins its user's room and
 * the rooms of the chats it belongs to when it connects.
 */
const USER_PREFIX = "user:";
const CHAT_PREFIX = "chat:";

export const userRoom = (userId: string) => `${USER_PREFIX}${userId}`;
export const chatRoom = (chatId: string) => `${CHAT_PREFIX}${chatId}`;
export const isChatRoom = (room: string) => room.startsWith(CHAT_PREFIX);

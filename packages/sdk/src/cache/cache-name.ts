/** One database per signed-in user, so that two accounts on one browser never share a cache. */
export const cacheDatabaseName = (userId: string): string => `teamchat-${userId}`;

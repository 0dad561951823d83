import {
  Adapter,
  type BroadcastOptions,
  type ClusterAdapter,
  type ClusterMessage,
  MessageType,
} from "socket.io-adapter";

type Unstamped<M> = M extends ClusterMessage ? Omit<M, "nsp" | "uid"> : never;
type Publish = (message: Unstamped<ClusterMessage>) => void;
type Packet = Parameters<Adapter["broadcast"]>[0];

/**
 * Makes a cluster adapter (the library's `ClusterAdapter`, here the Redis streams one) act on
 * this node's own sockets first and hand the operation to the other nodes without waiting.
 *
 * `ClusterAdapter.broadcast` (and socketsJoin/Leave, disconnectSockets) awaits the Redis write
 * before touching local sockets, so a Redis outage froze delivery even between two sockets of
 * one node. Here the cluster message is queued on the adapter's Redis client (which keeps an
 * offline queue and sends it when Redis is back) and the local part runs at once, through the
 * in-memory adapter's own methods. No duplicate when the node reads its own stream entry back:
 * `ClusterAdapter.onMessage` drops entries carrying its own `uid`, which `publish` stamps.
 *
 * Only valid without Socket.IO's connection state recovery (not enabled here): that feature
 * needs the stream offset appended to each packet before it is emitted.
 */
export function deliverLocallyFirst<A extends ClusterAdapter>(adapter: A): A {
  const publish: Publish = (message) => (adapter as unknown as { publish: Publish }).publish.call(adapter, message);
  const local = Adapter.prototype;
  const shared = (opts: BroadcastOptions) => !opts.flags?.local;
  const encode = (opts: BroadcastOptions) => ({
    rooms: [...opts.rooms],
    except: [...(opts.except ?? [])],
    flags: opts.flags ?? {},
  });

  // async only for the signature: everything below runs before the caller's next statement.
  adapter.broadcast = async (packet: Packet, opts: BroadcastOptions) => {
    // Encoded (synchronously) before the local emit, which sets fields on the packet.
    if (shared(opts)) publish({ type: MessageType.BROADCAST, data: { packet, opts: encode(opts) } });
    local.broadcast.call(adapter, packet, opts);
  };
  adapter.addSockets = async (opts: BroadcastOptions, rooms: string[]) => {
    if (shared(opts)) publish({ type: MessageType.SOCKETS_JOIN, data: { opts: encode(opts), rooms } });
    local.addSockets.call(adapter, opts, rooms);
  };
  adapter.delSockets = async (opts: BroadcastOptions, rooms: string[]) => {
    if (shared(opts)) publish({ type: MessageType.SOCKETS_LEAVE, data: { opts: encode(opts), rooms } });
    local.delSockets.call(adapter, opts, rooms);
  };
  adapter.disconnectSockets = async (opts: BroadcastOptions, close: boolean) => {
    if (shared(opts)) publish({ type: MessageType.DISCONNECT_SOCKETS, data: { opts: encode(opts), close } });
    local.disconnectSockets.call(adapter, opts, close);
  };
  return adapter;
}

import { type PartitionLag } from './kafka.port';

export type PartitionPosition = {
  topic: string;
  partition: number;
  /** Offset the group committed (the next record it will read), `-1` if none. */
  committed: string;
  /** Earliest retained offset and the offset of the next record written. */
  low: string;
  high: string;
};

/**
 * Records the group has not committed yet. A group that has committed nothing on a partition is
 * behind by everything the partition retains.
 */
export function partitionLag(position: PartitionPosition): PartitionLag {
  const high = BigInt(position.high);
  const committed = BigInt(position.committed);
  const from = committed < 0n ? BigInt(position.low) : committed;
  const lag = high > from ? high - from : 0n;
  return { topic: position.topic, partition: position.partition, lag: Number(lag) };
}

import { type ClickHouseClient } from '@argus/clickhouse';
import { type ProtectedDocument, type ProtectedDocumentCollections } from '@argus/detectors';

type CollectionStats = { collection: string; documents: string | number; digest: string | number };
type DocumentRow = { collection: string; document_id: string; title: string; text: string };

/**
 * The `protected_document` detector's collections, read from the ClickHouse `protected_documents` table
 * (migration 006). `refresh` first compares a cheap per-collection digest (count and a hash of ids and
 * versions) with the last load and reads the texts only when something changed, so a refresh of an
 * unchanged registry costs one small aggregate query.
 */
export class ClickHouseProtectedDocuments implements ProtectedDocumentCollections {
  version = 0;
  private byCollection = new Map<string, ProtectedDocument[]>();
  private signature: string | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    readonly collections: readonly string[],
  ) {}

  documents(collection: string): readonly ProtectedDocument[] {
    return this.byCollection.get(collection) ?? [];
  }

  /** Documents per collection, as loaded. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.collections.map((name) => [name, this.documents(name).length]));
  }

  /** Reloads the collections if their content changed since the last load; true when it did. */
  async refresh(): Promise<boolean> {
    const stats = await this.select<CollectionStats>(
      `SELECT collection, count() AS documents,
              toString(sum(cityHash64(document_id, toUnixTimestamp64Milli(updated_at)))) AS digest
       FROM protected_documents FINAL
       WHERE collection IN {collections:Array(String)} AND deleted = 0
       GROUP BY collection ORDER BY collection`,
    );
    const signature = JSON.stringify(stats.map((row) => [row.collection, String(row.documents), row.digest]));
    if (signature === this.signature) return false;

    const rows = await this.select<DocumentRow>(
      `SELECT collection, document_id, title, text
       FROM protected_documents FINAL
       WHERE collection IN {collections:Array(String)} AND deleted = 0
       ORDER BY collection, document_id`,
    );
    const byCollection = new Map<string, ProtectedDocument[]>();
    for (const row of rows) {
      const list = byCollection.get(row.collection) ?? [];
      list.push({
        document_id: row.document_id,
        text: row.text,
        ...(row.title.length > 0 ? { title: row.title } : {}),
      });
      byCollection.set(row.collection, list);
    }
    this.byCollection = byCollection;
    this.signature = signature;
    this.version++;
    return true;
  }

  private async select<Row>(query: string): Promise<Row[]> {
    const result = await this.client.query({
      query,
      query_params: { collections: [...this.collections] },
      format: 'JSONEachRow',
    });
    return result.json<Row>();
  }
}

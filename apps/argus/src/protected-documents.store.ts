import { type ClickHouseClient, toClickHouseDateTime } from '@argus/clickhouse';
import { type ProtectedDocument } from '@argus/detectors';

const INSERT_BATCH = 1000;

/**
 * Writes and lists the `protected_documents` registry (migration 006). A document is (re)registered by
 * a row with a newer `updated_at`, retired by a row with `deleted = 1`; the table keeps the newest row
 * per (collection, document_id), and the ingest source reads it with FINAL.
 */
export class ProtectedDocumentsStore {
  constructor(private readonly client: ClickHouseClient) {}

  async add(collection: string, documents: readonly ProtectedDocument[], now = new Date()): Promise<number> {
    const updatedAt = toClickHouseDateTime(now);
    for (let start = 0; start < documents.length; start += INSERT_BATCH) {
      await this.client.insert({
        table: 'protected_documents',
        format: 'JSONEachRow',
        values: documents.slice(start, start + INSERT_BATCH).map((document) => ({
          collection,
          document_id: document.document_id,
          title: document.title ?? '',
          text: document.text,
          updated_at: updatedAt,
          deleted: 0,
        })),
      });
    }
    return documents.length;
  }

  async remove(collection: string, documentIds: readonly string[], now = new Date()): Promise<number> {
    if (documentIds.length === 0) return 0;
    const updatedAt = toClickHouseDateTime(now);
    await this.client.insert({
      table: 'protected_documents',
      format: 'JSONEachRow',
      values: documentIds.map((id) => ({
        collection,
        document_id: id,
        title: '',
        text: '',
        updated_at: updatedAt,
        deleted: 1,
      })),
    });
    return documentIds.length;
  }

  /** Live documents per collection. */
  async list(): Promise<Array<{ collection: string; documents: number }>> {
    const result = await this.client.query({
      query: `SELECT collection, count() AS documents FROM protected_documents FINAL
              WHERE deleted = 0 GROUP BY collection ORDER BY collection`,
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ collection: string; documents: string | number }>();
    return rows.map((row) => ({ collection: row.collection, documents: Number(row.documents) }));
  }
}

import { type Command } from 'commander';
import { readProtectedDocuments } from '@argus/detectors';
import { ProtectedDocumentsStore } from '../../../argus/src/protected-documents.store';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { loadEnvironmentConfig, openClickHouse } from './environment';

const COLLECTION = /^[A-Za-z0-9][\w.-]{0,127}$/;

function collectionName(value: string): string {
  if (!COLLECTION.test(value))
    throw new CliError(`--collection: "${value}" is not a collection name (letters, digits, . _ -)`);
  return value;
}

/**
 * `bin/argus documents`: the registry of protected documents in ClickHouse that the
 * `protected_document` detector reads through its policy option `collections` (ingest re-reads it
 * every PROTECTED_DOCUMENTS_REFRESH_MS). Works on a server (CLICKHOUSE_URL) and on the embedded engine
 * (stop Argus first: one process per data directory).
 */
export function registerDocumentsCommand(program: Command, io: CliIo): void {
  const documents = program
    .command('documents')
    .description('Register, retire and list protected documents (the ClickHouse protected_documents table).');

  documents
    .command('add')
    .description(
      'Register documents: directories of .txt/.md files and/or JSONL files of {document_id, title?, text}.',
    )
    .requiredOption(
      '--collection <name>',
      'collection the policy names in protected_document.options.collections',
    )
    .argument('<paths...>', 'files or directories')
    .action(async (paths: string[], options: { collection: string }) => {
      const collection = collectionName(options.collection);
      const loaded = paths.flatMap((path) => {
        try {
          return readProtectedDocuments(path);
        } catch (error) {
          throw new CliError(errorMessage(error));
        }
      });
      await withStore(async (store) => {
        const added = await store.add(collection, loaded);
        io.stdout.write(`${JSON.stringify({ collection, added })}\n`);
      });
    });

  documents
    .command('remove')
    .description('Retire documents by id (they stop being protected at the next refresh).')
    .requiredOption('--collection <name>', 'collection of the documents')
    .argument('<ids...>', 'document ids')
    .action(async (ids: string[], options: { collection: string }) => {
      const collection = collectionName(options.collection);
      await withStore(async (store) => {
        const removed = await store.remove(collection, ids);
        io.stdout.write(`${JSON.stringify({ collection, removed })}\n`);
      });
    });

  documents
    .command('list')
    .description('Live documents per collection.')
    .action(async () => {
      await withStore(async (store) => {
        io.stdout.write(`${JSON.stringify({ collections: await store.list() })}\n`);
      });
    });
}

async function withStore(work: (store: ProtectedDocumentsStore) => Promise<void>): Promise<void> {
  const { client } = await openClickHouse(loadEnvironmentConfig(), { migrate: true });
  try {
    await work(new ProtectedDocumentsStore(client));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(errorMessage(error), 1);
  } finally {
    await client.close();
  }
}

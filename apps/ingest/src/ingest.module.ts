import { Module } from '@nestjs/common';
import { ProtectedDocumentsRefresher, detectionPipelineProvider } from '../../argus/src/detection.provider';
import { IngestConsumer } from './ingest.consumer';
import { storageRedactorProvider } from './storage-redactor.provider';

@Module({
  providers: [
    ProtectedDocumentsRefresher,
    detectionPipelineProvider,
    storageRedactorProvider,
    IngestConsumer,
  ],
})
export class IngestModule {}

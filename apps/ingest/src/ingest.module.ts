import { Module } from '@nestjs/common';
import { ProtectedDocumentsRefresher, detectionPipelineProvider } from '../../argus/src/detection.provider';
import { SegmentModelsService } from '../../argus/src/segment-models.service';
import { IngestConsumer } from './ingest.consumer';
import { storageRedactorProvider } from './storage-redactor.provider';

@Module({
  providers: [
    ProtectedDocumentsRefresher,
    SegmentModelsService,
    detectionPipelineProvider,
    storageRedactorProvider,
    IngestConsumer,
  ],
})
export class IngestModule {}

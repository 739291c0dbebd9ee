import { Module } from '@nestjs/common';
import { STORAGE_REDACTOR, storageRedactorProvider } from '../../ingest/src/storage-redactor.provider';
import {
  DETECTION_PIPELINE,
  DetectorFailures,
  ProtectedDocumentsRefresher,
  detectionPipelineProvider,
} from './detection.provider';
import { SegmentModelsService } from './segment-models.service';

/**
 * Detection as ingest runs it: the pipeline over the one detection policy (DETECTION_POLICY, provided
 * by the composition root), the optional models before it and redaction before anything leaves it.
 * Imported by ingest and by the inline guard; Nest builds it once per process, so when both run they
 * share one pipeline, one set of model workers and one protected-documents refresher.
 */
@Module({
  providers: [
    ProtectedDocumentsRefresher,
    DetectorFailures,
    SegmentModelsService,
    detectionPipelineProvider,
    storageRedactorProvider,
  ],
  exports: [DETECTION_PIPELINE, DetectorFailures, SegmentModelsService, STORAGE_REDACTOR],
})
export class DetectionModule {}

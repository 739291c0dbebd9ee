import { Module } from '@nestjs/common';
import { detectionPipelineProvider } from '../../argus/src/detection.provider';
import { IngestConsumer } from './ingest.consumer';

@Module({ providers: [detectionPipelineProvider, IngestConsumer] })
export class IngestModule {}

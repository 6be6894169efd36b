import type { ProposedRecord } from './stand-in-log';

/** What Append and BatchAppend proposed messages have in common (the generated classes differ only by name). */
type ProposedMessage = {
  getMetadataMap(): { get(key: string): string | undefined };
  getId(): { getString(): string } | undefined;
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
};

/** A proposed event as the stand-in's log keeps it. */
export const proposedRecordOf = (message: ProposedMessage): ProposedRecord => {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()?.getString() ?? '',
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
};

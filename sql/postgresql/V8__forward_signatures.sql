-- A channel setting (forwardSignatures): subscribers that hold the channel's token and ask for the
-- exact body (?body=exact) also get the signature headers, so that a forwarder (hookcast listen)
-- can re-send the hook as the provider signed it.
ALTER TABLE channel ADD COLUMN forward_signatures BOOLEAN DEFAULT FALSE NOT NULL;

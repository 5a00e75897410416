-- 016: the Upload-Metadata header of a tus upload, as the client sent it at creation.
-- tus 1.0.0 (core protocol, HEAD): "the Server MUST include the Upload-Metadata header and
-- its value as specified by the Client during the creation", so the validated header is kept
-- verbatim (filename and filetype stay decoded in their own columns for the API). NULL for
-- multipart uploads and for tus uploads created before this migration: HEAD then sends none.
ALTER TABLE uploads
  ADD COLUMN upload_metadata TEXT NULL AFTER filetype;

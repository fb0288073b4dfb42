-- The conversation page reads a conversation's newest link (live or voided: SecureLinks.latest and
-- ReadReceipts.pageState). Only the live link was indexed by conversation (secure_link_live_key), so
-- that read scanned every organization's links. This index serves it, and the foreign key to conversation.
create index secure_link_conversation_idx on secure_link (conversation_id, issued_at);

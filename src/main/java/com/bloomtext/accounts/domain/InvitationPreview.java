package com.bloomtext.accounts.domain;

/** What an invitation link shows before it is accepted. */
public record InvitationPreview(String organizationName, String email) {
}

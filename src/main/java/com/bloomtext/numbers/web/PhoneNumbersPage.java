package com.bloomtext.numbers.web;

import java.util.List;

/** Directory → Phone numbers: every number the user may see, with its team and members. */
public record PhoneNumbersPage(List<TeamCard> teams, boolean admin) {

    /**
     * @param number       the number as written, or null for a team without one
     * @param status       "Active", "Released", "Porting in"
     * @param explanation  what the status means for sending, or null
     * @param candidates   active staff not yet on the team (admins add them)
     */
    public record TeamCard(String id, String name, String number, String status, String explanation,
            List<Person> members, List<Person> candidates, boolean releasable) {
    }

    public record Person(String id, String name, String email) {
    }
}

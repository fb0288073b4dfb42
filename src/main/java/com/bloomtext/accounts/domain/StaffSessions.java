package com.bloomtext.accounts.domain;

import com.bloomtext.shared.UserId;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/** The signed-in sessions of staff users, wherever they were opened: they live in PostgreSQL. */
@Component
public class StaffSessions {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    StaffSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** Ends every session of this user at once: the next request from any of them must sign in again. */
    public int endAllFor(UserId user) {
        var open = sessions.findByPrincipalName(user.toString()).keySet();
        open.forEach(sessions::deleteById);
        return open.size();
    }
}

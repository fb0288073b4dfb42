package com.bloomtext.patients.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organization's patients. Every query starts from the organization; archived ones leave lists and search. */
@Repository
public class Patients {

    static final String COLUMNS = "id, first_name, last_name, phone, email, date_of_birth, mrn";

    private final JdbcClient jdbc;

    Patients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(OrgId org, PatientId id, PatientDetails details, Instant at) {
        jdbc.sql("""
                        insert into patient (id, organization_id, first_name, last_name, phone, email, date_of_birth, mrn,
                                             created_at, updated_at)
                        values (:id, :org, :first, :last, :phone, :email, :dob, :mrn, :at, :at)""")
                .param("id", id.value())
                .param("org", org.value())
                .param("first", details.firstName())
                .param("last", details.lastName())
                .param("phone", details.phone() == null ? null : details.phone().value())
                .param("email", details.email())
                .param("dob", details.dateOfBirth() == null ? null : Date.valueOf(details.dateOfBirth()))
                .param("mrn", details.mrn())
                .param("at", Timestamp.from(at))
                .update();
    }

    void update(OrgId org, PatientId id, PatientDetails details, Instant at) {
        jdbc.sql("""
                        update patient set first_name = :first, last_name = :last, phone = :phone, email = :email,
                               date_of_birth = :dob, mrn = :mrn, updated_at = :at
                        where organization_id = :org and id = :id and archived_at is null""")
                .param("first", details.firstName())
                .param("last", details.lastName())
                .param("phone", details.phone() == null ? null : details.phone().value())
                .param("email", details.email())
                .param("dob", details.dateOfBirth() == null ? null : Date.valueOf(details.dateOfBirth()))
                .param("mrn", details.mrn())
                .param("at", Timestamp.from(at))
                .param("org", org.value())
                .param("id", id.value())
                .update();
    }

    void archive(OrgId org, PatientId id, Instant at) {
        jdbc.sql("update patient set archived_at = :at where organization_id = :org and id = :id and archived_at is null")
                .param("at", Timestamp.from(at)).param("org", org.value()).param("id", id.value()).update();
    }

    public Optional<PatientSummary> find(OrgId org, PatientId id) {
        return jdbc.sql("select " + COLUMNS + " from patient where organization_id = :org and id = :id and archived_at is null")
                .param("org", org.value()).param("id", id.value())
                .query(Patients::map).optional();
    }

    /**
     * The display names of these patients of the organization (archived ones absent), reading the names, and the
     * phone or email only where the names hold no letter or digit ({@link PatientSummary#displayName} falls back to
     * them only when the names are blank, so every name it shows a contact for gets one).
     */
    public java.util.Map<PatientId, String> displayNames(OrgId org, java.util.Collection<PatientId> ids) {
        java.util.Map<PatientId, String> names = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.sql(DISPLAY_NAMES)
                .param("org", org.value())
                .param("ids", ids.stream().map(PatientId::value).distinct().toArray(UUID[]::new))
                .query(rs -> {
                    String phone = rs.getString("phone");
                    names.put(new PatientId(rs.getObject("id", UUID.class)), PatientSummary.displayName(
                            rs.getString("first_name"), rs.getString("last_name"), phone == null ? null : new E164(phone),
                            rs.getString("email")));
                });
        return names;
    }

    static final String DISPLAY_NAMES = """
            select id, first_name, last_name,
                   case when coalesce(first_name, '') || coalesce(last_name, '') ~ '[[:alnum:]]' then null else phone end as phone,
                   case when coalesce(first_name, '') || coalesce(last_name, '') ~ '[[:alnum:]]' then null else email end as email
            from patient where organization_id = :org and id = any(:ids) and archived_at is null""";

    /** The patient holding this MRN, archived ones included: an MRN names one patient for good. */
    public Optional<PatientSummary> withMrn(OrgId org, String mrn) {
        return jdbc.sql("select " + COLUMNS + " from patient where organization_id = :org and mrn = :mrn")
                .param("org", org.value()).param("mrn", mrn)
                .query(Patients::map).optional();
    }

    public Optional<PatientSummary> withPhone(OrgId org, E164 phone) {
        return jdbc.sql("select " + COLUMNS + " from patient where organization_id = :org and phone = :phone "
                        + "and archived_at is null order by created_at limit 1")
                .param("org", org.value()).param("phone", phone.value())
                .query(Patients::map).optional();
    }

    public Optional<PatientSummary> withEmail(OrgId org, String email) {
        return jdbc.sql("select " + COLUMNS + " from patient where organization_id = :org and email = :email "
                        + "and archived_at is null order by created_at limit 1")
                .param("org", org.value()).param("email", email)
                .query(Patients::map).optional();
    }

    /**
     * Patients whose name, phone, MRN or email matches what was typed, by last name. {@code phone} is the
     * typed text read as a phone number, when it is one.
     */
    public List<PatientSummary> search(OrgId org, String text, E164 phone, int offset, int limit) {
        String like = text == null || text.isBlank() ? null : "%" + escapeLike(text.strip().toLowerCase()) + "%";
        return jdbc.sql("select " + COLUMNS + " from patient where organization_id = :org and archived_at is null "
                        + matching()
                        + " order by lower(coalesce(last_name, '')), lower(coalesce(first_name, '')), created_at, id"
                        + " offset :offset limit :limit")
                .param("org", org.value())
                .param("like", like)
                .param("text", text == null ? null : text.strip())
                .param("phone", phone == null ? null : phone.value())
                .param("offset", offset)
                .param("limit", limit)
                .query(Patients::map).list();
    }

    public int count(OrgId org, String text, E164 phone) {
        String like = text == null || text.isBlank() ? null : "%" + escapeLike(text.strip().toLowerCase()) + "%";
        return jdbc.sql("select count(*) from patient where organization_id = :org and archived_at is null " + matching())
                .param("org", org.value())
                .param("like", like)
                .param("text", text == null ? null : text.strip())
                .param("phone", phone == null ? null : phone.value())
                .query(Integer.class).single();
    }

    private static String matching() {
        return """
                and (cast(:like as text) is null
                     or lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) like :like
                     or lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')) like :like
                     or lower(email) like :like
                     or mrn = :text
                     or phone = :phone)""";
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static PatientSummary map(ResultSet rs, int row) throws SQLException {
        Date dob = rs.getDate("date_of_birth");
        String phone = rs.getString("phone");
        return new PatientSummary(new PatientId(rs.getObject("id", UUID.class)), rs.getString("first_name"),
                rs.getString("last_name"), phone == null ? null : new E164(phone), rs.getString("email"),
                dob == null ? null : dob.toLocalDate(), rs.getString("mrn"));
    }
}

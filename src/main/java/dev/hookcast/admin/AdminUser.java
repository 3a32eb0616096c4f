package dev.hookcast.admin;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The admin user's stored password hash, written when Hookcast generated the password. */
@Entity
@Table(name = "admin_user")
public class AdminUser {

    @Id
    @Column(length = 64)
    private String name;

    @Column(name = "password_hash", nullable = false, length = 256)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected AdminUser() {
    }

    public AdminUser(String name, String passwordHash, OffsetDateTime createdAt) {
        this.name = name;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public String getName() {
        return name;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}

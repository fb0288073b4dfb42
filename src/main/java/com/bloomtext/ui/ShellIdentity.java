package com.bloomtext.ui;

import java.util.Optional;

/** SPI: tells the shell who is signed in. The {@code accounts} module implements it. */
public interface ShellIdentity {

    Optional<ShellUser> currentUser();
}

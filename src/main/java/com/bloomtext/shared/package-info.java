/**
 * Shared kernel: typed ids, the current-actor context, the embedded database and small SPIs (email).
 * Open to every module; depends on no other module.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package com.bloomtext.shared;

import org.springframework.modulith.ApplicationModule;

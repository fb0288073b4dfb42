/**
 * The telecom edge: searching, buying, releasing and porting phone numbers (and, later, sending SMS
 * and receiving carrier webhooks). Adapters: {@code sandbox} (default) and {@code twilio}.
 */
@ApplicationModule(allowedDependencies = "shared")
package com.bloomtext.carrier;

import org.springframework.modulith.ApplicationModule;

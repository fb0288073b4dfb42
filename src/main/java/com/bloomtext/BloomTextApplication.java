package com.bloomtext;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BloomTextApplication {

    public static void main(String[] args) {
        SpringApplication.run(BloomTextApplication.class, args);
    }
}

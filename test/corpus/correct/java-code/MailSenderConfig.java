package org.example.config;

import java.util.Properties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

@Configuration
public class MailSenderConfig {
    @Value("${mail.host}") private String host;
    @Value("${mail.port}") private int port;

    @Bean
    public JavaMailSender mailSender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("smtp.gmail.com");
        sender.setPort(465);
        sender.setProtocol("smtps");
        sender.setUsername("robot@example.org");
        Properties props = sender.getJavaMailProperties();
        props.put("mail.smtps.auth", "true");
        props.put("mail.smtps.timeout", "10000");
        return sender;
    }

    @Bean
    public JavaMailSender configured() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(host);
        sender.setPort(port);
        sender.getJavaMailProperties().put("mail.smtp.starttls.enable", "true");
        sender.getJavaMailProperties().put("mail.smtp.starttls.required", "true");
        return sender;
    }
}

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

pub fn mailer(cfg: &Config) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let creds = Credentials::new(cfg.smtp_user.clone(), cfg.smtp_password.clone());
    let transport = if cfg.smtp_implicit_tls {
        AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.smtp_host)?
    } else {
        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.smtp_host)?
    };
    Ok(transport.port(cfg.smtp_port).credentials(creds).build())
}

pub fn gmail(creds: Credentials) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    Ok(AsyncSmtpTransport::<Tokio1Executor>::relay("smtp.gmail.com")?.credentials(creds).build())
}

use lettre::{AsyncSmtpTransport, Tokio1Executor};

pub fn transport() -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url("smtp://alerts:hunter2@mail.example.com:465?tls=required")
        .expect("valid SMTP URL")
        .build()
}

use lettre::message::Message;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{SmtpTransport, Transport};

pub fn send_welcome(to: &str, smtp_user: String, smtp_pass: String) -> Result<(), Box<dyn std::error::Error>> {
    let email = Message::builder()
        .from("Team <team@example.com>".parse()?)
        .to(to.parse()?)
        .subject("Welcome")
        .body(String::from("Hello!"))?;

    let mailer = SmtpTransport::relay("smtp.gmail.com")?
        .port(587)
        .credentials(Credentials::new(smtp_user, smtp_pass))
        .build();
    mailer.send(&email)?;
    Ok(())
}

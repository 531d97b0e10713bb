# Implicit TLS on 465 via ssl:, STARTTLS on 587 via enable_starttls, an ENV-driven pair.
Rails.application.configure do
  config.action_mailer.smtp_settings = {
    :address        => 'smtp.gmail.com',
    :port           => 465,
    :ssl            => true,
    :user_name      => Rails.application.credentials.gmail_user,
    :password       => Rails.application.credentials.gmail_password,
    :authentication => :plain
  }
end
Mail.defaults do
  delivery_method :smtp, {
    address: 'smtp.fastmail.com', port: 587, enable_starttls: :always,
    user_name: ENV['FASTMAIL_USER'], password: ENV['FASTMAIL_PASSWORD']
  }
end
settings = { address: ENV['SMTP_HOST'], port: ENV['SMTP_PORT'].to_i, tls: ENV['SMTP_TLS'] == 'true' }
config.action_mailer.smtp_settings = { address: 'mailcatcher', port: 1025 }

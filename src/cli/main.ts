console.log("mail-tls");
